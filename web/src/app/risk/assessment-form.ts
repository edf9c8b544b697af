import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { AssessmentIn } from '../api/api';
import { bodies } from '../api/generated/intake.constraints';
import type { Problem } from '../api/problem';
import { errorText, validatorsFor } from '../shared/constraints';
import { IMPACT_DIMENSIONS, IMPACT_LABELS, ImpactDimension } from '../shared/labels';

const RULES = bodies.AssessmentIn;
const IMPACT = bodies.Impact;
const FMEA = bodies.Fmea;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** FMEA is all three factors or none. */
function allOrNone(group: AbstractControl): ValidationErrors | null {
  const values = Object.values(group.value as Record<string, number | null>);
  const given = values.filter((v) => v !== null).length;
  return given === 0 || given === values.length ? null : { allOrNone: true };
}

/** A new assessment: likelihood, the five impact dimensions (at least one), an optional
 * FMEA, a justification. Ranges and lengths come from the API's contract. */
@Component({
  selector: 'app-assessment-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="assess" aria-labelledby="assess-heading">
      <h3 id="assess-heading">New assessment</h3>
      <div class="row">
        <mat-form-field>
          <mat-label>Likelihood</mat-label>
          <mat-select formControlName="likelihood" required>
            @for (n of likelihoods; track n) {
              <mat-option [value]="n">{{ n }}</mat-option>
            }
          </mat-select>
          @if (form.controls.likelihood.invalid) {
            <mat-error>{{ text(form.controls.likelihood) }}</mat-error>
          }
        </mat-form-field>
        <div formGroupName="impact" class="row" role="group" aria-label="Impact by dimension">
          @for (dimension of dimensions; track dimension) {
            <mat-form-field class="impact">
              <mat-label>{{ impactLabels[dimension] }} impact</mat-label>
              <mat-select [formControlName]="dimension">
                <mat-option [value]="null">Not rated</mat-option>
                @for (n of impacts; track n) {
                  <mat-option [value]="n">{{ n }}</mat-option>
                }
              </mat-select>
              @if (form.controls.impact.controls[dimension].invalid) {
                <mat-error>{{ text(form.controls.impact.controls[dimension]) }}</mat-error>
              }
            </mat-form-field>
          }
        </div>
      </div>
      @if (form.controls.impact.errors?.['atLeastOne'] && form.controls.impact.touched) {
        <p class="form-error" role="alert">Rate at least one impact dimension.</p>
      }
      <fieldset formGroupName="fmea">
        <legend>FMEA (product and process risks; all three or none)</legend>
        <div class="row">
          @for (factor of factors; track factor) {
            <mat-form-field class="impact">
              <mat-label>{{ factorLabels[factor] }}</mat-label>
              <input matInput type="number" [formControlName]="factor" [min]="fmeaMin" [max]="fmeaMax" />
              @if (form.controls.fmea.controls[factor].invalid) {
                <mat-error>{{ text(form.controls.fmea.controls[factor]) }}</mat-error>
              }
            </mat-form-field>
          }
        </div>
        @if (form.controls.fmea.errors?.['allOrNone']) {
          <p class="form-error" role="alert">Give severity, occurrence and detection, or none of them.</p>
        }
      </fieldset>
      <mat-form-field class="full">
        <mat-label>Justification</mat-label>
        <textarea matInput formControlName="justification" rows="2"></textarea>
        @if (form.controls.justification.invalid) {
          <mat-error>{{ text(form.controls.justification) }}</mat-error>
        }
      </mat-form-field>
      @if (problem(); as problem) {
        <div class="form-error" role="alert">
          <p>{{ problem.message }}</p>
        </div>
      }
      <div><button mat-flat-button type="submit" [disabled]="busy()">Assess</button></div>
    </form>
  `,
  styles: `
    .assess { display: flex; flex-direction: column; gap: 8px; padding: 16px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    h3 { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .row { display: flex; flex-wrap: wrap; gap: 12px; }
    mat-form-field { width: 150px; }
    mat-form-field.impact { width: 176px; }
    .full { width: 100%; }
    fieldset { border: none; padding: 0; margin: 0; }
    legend { color: var(--mat-sys-on-surface-variant); margin-bottom: 8px; }
  `,
})
export class AssessmentForm {
  readonly busy = input(false);
  readonly problem = input<Problem | null>(null);
  readonly submitted = output<AssessmentIn>();

  protected readonly dimensions = IMPACT_DIMENSIONS;
  protected readonly impactLabels = IMPACT_LABELS;
  protected readonly likelihoods = range(RULES.likelihood.minimum, RULES.likelihood.maximum);
  protected readonly impacts = range(IMPACT.safety.minimum, IMPACT.safety.maximum);
  protected readonly factors = ['severity', 'occurrence', 'detection'] as const;
  protected readonly factorLabels = { severity: 'Severity', occurrence: 'Occurrence', detection: 'Detection' };
  protected readonly fmeaMin = FMEA.severity.minimum;
  protected readonly fmeaMax = FMEA.severity.maximum;

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    likelihood: this.fb.control<number | null>(null, validatorsFor(RULES.likelihood)),
    impact: this.fb.group(
      Object.fromEntries(
        IMPACT_DIMENSIONS.map((d) => [d, this.fb.control<number | null>(null, validatorsFor(IMPACT[d]))]),
      ) as Record<ImpactDimension, ReturnType<typeof this.fb.control<number | null>>>,
      {
        validators: (group: AbstractControl) =>
          Object.values(group.value as Record<string, number | null>).some((v) => v !== null) ? null : { atLeastOne: true },
      },
    ),
    fmea: this.fb.group(
      {
        severity: this.fb.control<number | null>(null, validatorsFor({ ...FMEA.severity, required: false })),
        occurrence: this.fb.control<number | null>(null, validatorsFor({ ...FMEA.occurrence, required: false })),
        detection: this.fb.control<number | null>(null, validatorsFor({ ...FMEA.detection, required: false })),
      },
      { validators: allOrNone },
    ),
    justification: ['', validatorsFor(RULES.justification)],
  });

  constructor() {
    // The API's field errors next to their fields ("impact.safety", "fmea.detection").
    effect(() => {
      const problem = this.problem();
      for (const [field, reason] of Object.entries(problem?.fields ?? {})) {
        const control = this.form.get(field);
        control?.setErrors({ ...(control.errors ?? {}), server: reason });
        control?.markAsTouched();
      }
    });
  }

  protected text(control: AbstractControl): string {
    return errorText(control.errors);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const impact = Object.fromEntries(Object.entries(value.impact).filter(([, v]) => v !== null));
    const fmea = value.fmea.severity !== null
      ? { severity: value.fmea.severity, occurrence: value.fmea.occurrence!, detection: value.fmea.detection! }
      : null;
    this.submitted.emit({
      likelihood: value.likelihood!,
      impact,
      ...(fmea ? { fmea } : {}),
      ...(value.justification.trim() ? { justification: value.justification.trim() } : {}),
    });
  }

  /** Back to empty after the parent recorded the assessment. */
  reset(): void {
    this.form.reset();
  }
}
