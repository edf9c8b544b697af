import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { bodies } from '../api/generated/intake.constraints';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { errorText, validatorsFor } from '../shared/constraints';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { EntitiesService, NewEntity } from './entities.service';
import { REFERENCE_KINDS, ReferenceType, type EntityDetails } from './entity-kinds';

const HINTS: Record<string, string> = {
  code: 'capitals, digits, "_" and "-", 2 to 32, e.g. PX-200',
  name: 'must contain more than spaces',
  country: 'two capital letters (ISO 3166), e.g. DE',
};

/** Registers a product (code, name, description), supplier or site (name, country). */
@Component({
  selector: 'app-entity-new',
  imports: [
    ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>New {{ kind.one.toLowerCase() }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (type === 'product') {
          <mat-form-field class="full">
            <mat-label>Code</mat-label>
            <input matInput formControlName="code" required maxlength="32" />
            <mat-hint>Unique, e.g. PX-200</mat-hint>
            @if (form.controls.code.invalid) {
              <mat-error>{{ error(form.controls.code, 'code') }}</mat-error>
            }
          </mat-form-field>
        }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required maxlength="200" />
          @if (form.controls.name.invalid) {
            <mat-error>{{ error(form.controls.name, 'name') }}</mat-error>
          }
        </mat-form-field>
        @if (type === 'product') {
          <mat-form-field class="full">
            <mat-label>Description</mat-label>
            <textarea matInput formControlName="description" rows="3"></textarea>
            @if (form.controls.description.invalid) {
              <mat-error>{{ error(form.controls.description, 'description') }}</mat-error>
            }
          </mat-form-field>
        } @else {
          <mat-form-field class="full">
            <mat-label>Country</mat-label>
            <input matInput formControlName="country" maxlength="2" />
            <mat-hint>ISO code, e.g. DE (optional)</mat-hint>
            @if (form.controls.country.invalid) {
              <mat-error>{{ error(form.controls.country, 'country') }}</mat-error>
            }
          </mat-form-field>
        }
        @if (problem(); as problem) {
          <div class="form-error" role="alert">
            <p>{{ problem.message }}</p>
            @for (line of otherErrors(); track line) {
              <p>{{ line }}</p>
            }
          </div>
        }
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Saving" />
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="busy()">Register</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.full { width: 100%; margin-bottom: 0.5rem; } mat-dialog-content { min-width: min(28rem, 80vw); }`,
})
export class EntityNewDialog {
  protected readonly type = inject<ReferenceType>(MAT_DIALOG_DATA);
  protected readonly kind = REFERENCE_KINDS[this.type];
  private readonly entities = inject(EntitiesService);
  private readonly dialog = inject<MatDialogRef<EntityNewDialog, EntityDetails>>(MatDialogRef);

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', this.type === 'product' ? validatorsFor(bodies.ProductIn.code) : []],
    name: ['', validatorsFor(bodies.ProductIn.name)],
    description: ['', validatorsFor(bodies.ProductIn.description)],
    country: ['', this.type === 'product' ? [] : validatorsFor({ pattern: '^[A-Z]{2}$' })],
  });
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly otherErrors = computed(() =>
    Object.entries(this.problem()?.fields ?? {})
      .filter(([field]) => !this.form.get(field))
      .map(([field, reason]) => `${field}: ${reason}`),
  );

  protected error(control: AbstractControl, field: string): string {
    return errorText(control.errors, HINTS[field]);
  }

  protected async submit(): Promise<void> {
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const body: NewEntity =
      this.type === 'product'
        ? { code: value.code.trim(), name: value.name.trim(), description: value.description }
        : { name: value.name.trim(), country: value.country.trim() || null };
    this.busy.set(true);
    try {
      const { data, error, response } = await this.entities.create(this.type, body);
      if (data) {
        this.dialog.close(data);
        return;
      }
      const problem = problemOf(response, error);
      this.problem.set(
        response.status === 409 && this.type === 'product'
          ? { ...problem, message: `${problem.message} (a product with this code exists already)` }
          : problem,
      );
      for (const [field, reason] of Object.entries(problem.fields)) {
        const control = this.form.get(field);
        control?.setErrors({ server: reason });
        control?.markAsTouched();
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
