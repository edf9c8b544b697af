import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { Api, SolutionSummary } from '../api/api';
import { SOLUTION_KIND_LABELS, SOLUTION_STATUS_LABELS } from '../shared/labels';

/** How long typing pauses before the solutions are searched. */
const SEARCH_DELAY_MS = 250;
const SUGGESTIONS = 10;

/** The solutions that are not linked yet, of those found. */
export function linkable(found: readonly SolutionSummary[], linked: readonly { id: string }[]): SolutionSummary[] {
  const ids = new Set(linked.map((solution) => solution.id));
  return found.filter((solution) => !ids.has(solution.id) && solution.status !== 'retired');
}

/** The solutions linked to a risk and, for those who may, a search over the solutions in
 * the caller's scope (GET /solutions?q=) to link one, and a button to unlink each. The page
 * sends the change with the version it read. */
@Component({
  selector: 'app-linked-solutions',
  imports: [
    ReactiveFormsModule, RouterLink, MatAutocompleteModule, MatButtonModule, MatCardModule, MatFormFieldModule,
    MatIconModule, MatInputModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2 id="linked-solutions-heading">Solutions</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (solutions().length) {
          <ul class="linked" aria-labelledby="linked-solutions-heading" data-testid="linked-solutions">
            @for (solution of solutions(); track solution.id) {
              <li>
                <a [routerLink]="['/solutions', solution.id]">{{ solution.title }}</a>
                <span class="muted">({{ kindLabels[solution.kind] }}, {{ statusLabels[solution.status] }})</span>
                @if (canLink()) {
                  <button mat-icon-button type="button" [disabled]="busy()" (click)="unlink.emit(solution)"
                    [attr.aria-label]="'Unlink ' + solution.title">
                    <mat-icon aria-hidden="true">link_off</mat-icon>
                  </button>
                }
              </li>
            }
          </ul>
        } @else {
          <p data-testid="linked-solutions">None linked.</p>
        }
        @if (canLink()) {
          <mat-form-field class="search">
            <mat-label>Link a solution</mat-label>
            <input matInput [formControl]="search" [matAutocomplete]="auto" (input)="typed()" />
            <mat-icon matSuffix aria-hidden="true">search</mat-icon>
            <mat-hint>Type part of a solution's title, then pick it</mat-hint>
            <mat-autocomplete #auto="matAutocomplete" (optionSelected)="pick($event)" [displayWith]="nothing">
              @for (solution of options(); track solution.id) {
                <mat-option [value]="solution">
                  {{ solution.title }} <span class="muted">({{ kindLabels[solution.kind] }}, {{ statusLabels[solution.status] }})</span>
                </mat-option>
              }
              @if (searched() && !options().length) {
                <mat-option disabled>No solution to link matches.</mat-option>
              }
            </mat-autocomplete>
          </mat-form-field>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    h2 { font: var(--mat-sys-title-large); margin: 0; }
    .linked { margin: 0 0 12px; padding-left: 18px; }
    .linked li { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
    .linked a { color: var(--mat-sys-primary); }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .search { width: 100%; }
  `,
})
export class LinkedSolutions {
  private readonly api = inject(Api);

  readonly solutions = input.required<readonly SolutionSummary[]>();
  readonly canLink = input(false);
  readonly busy = input(false);
  readonly link = output<SolutionSummary>();
  readonly unlink = output<SolutionSummary>();

  protected readonly kindLabels = SOLUTION_KIND_LABELS;
  protected readonly statusLabels = SOLUTION_STATUS_LABELS;
  protected readonly search = new FormControl<string | SolutionSummary>('', { nonNullable: true });
  private readonly found = signal<SolutionSummary[]>([]);
  protected readonly searched = signal(false);
  protected readonly options = computed(() => linkable(this.found(), this.solutions()));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  protected readonly nothing = () => '';

  protected typed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.find(), SEARCH_DELAY_MS);
  }

  /** GET /solutions in the caller's scope; only the latest answer counts. */
  private async find(): Promise<void> {
    const value = this.search.value;
    const q = (typeof value === 'string' ? value : value.title).trim();
    const ask = ++this.asked;
    const { data } = await this.api.intake
      .GET('/solutions', { params: { query: { ...(q ? { q } : {}), limit: SUGGESTIONS + this.solutions().length, sort: 'title' } } })
      .catch(() => ({ data: undefined }));
    if (ask !== this.asked) return;
    this.found.set(data?.items ?? []);
    this.searched.set(true);
  }

  protected pick(event: MatAutocompleteSelectedEvent): void {
    const solution = event.option.value as SolutionSummary;
    this.search.setValue('');
    this.found.set([]);
    this.searched.set(false);
    this.link.emit(solution);
  }
}
