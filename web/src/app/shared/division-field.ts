import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { errorText } from './constraints';
import { DivisionsService } from './divisions.service';

/** The division a form puts something in: the divisions the user sees, as a tree (each
 * under its parent, named by its path for screen readers). The form owns the control and
 * its validators; a server's error set on it shows here too. */
@Component({
  selector: 'app-division-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field>
      <mat-label>Division</mat-label>
      <mat-select [formControl]="control()" required>
        @for (node of divisions.tree(); track node.division.id) {
          <mat-option [value]="node.division.id" [attr.aria-label]="node.path">
            <span [style.padding-left.px]="node.depth * 16">{{ node.division.name }}</span>
          </mat-option>
        }
      </mat-select>
      @if (!divisions.tree().length) {
        <mat-hint>Loading your divisions…</mat-hint>
      } @else if (hint()) {
        <mat-hint>{{ hint() }}</mat-hint>
      }
      @if (control().invalid) {
        <mat-error>{{ errorText(control().errors) }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host { display: flex; flex: 1 1 260px; }
    mat-form-field { flex: 1; }
  `,
})
export class DivisionField {
  readonly control = input.required<FormControl<string>>();
  readonly hint = input('');
  protected readonly divisions = inject(DivisionsService);
  protected readonly errorText = errorText;

  constructor() {
    void this.divisions.load();
  }
}
