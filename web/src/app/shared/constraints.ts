import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';

/** One field's constraints as the OpenAPI document states them (generated into
 * api/generated/*.constraints.ts), turned into form validators: the form refuses what
 * the API would refuse, before sending. */
export interface Rule {
  readonly type?: string;
  readonly required?: boolean;
  readonly nullable?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly items?: Rule;
  readonly enum?: readonly string[];
}

/** JSON Schema patterns are not anchored: test them as given (Angular would anchor a
 * pattern passed as a string). */
function matches(pattern: string): ValidatorFn {
  const regex = new RegExp(pattern);
  return (control: AbstractControl): ValidationErrors | null => {
    const value = control.value;
    if (value === null || value === undefined || value === '') return null;
    return regex.test(String(value)) ? null : { pattern: { requiredPattern: pattern } };
  };
}

export function validatorsFor(rule: Rule): ValidatorFn[] {
  const validators: ValidatorFn[] = [];
  if (rule.required) validators.push(Validators.required);
  if (rule.minLength !== undefined && rule.minLength > 1) validators.push(Validators.minLength(rule.minLength));
  if (rule.maxLength !== undefined) validators.push(Validators.maxLength(rule.maxLength));
  if (rule.pattern !== undefined) validators.push(matches(rule.pattern));
  if (rule.minimum !== undefined) validators.push(Validators.min(rule.minimum));
  if (rule.maximum !== undefined) validators.push(Validators.max(rule.maximum));
  if (rule.type === 'array') validators.push(listValidator(rule));
  return validators;
}

/** Splits a comma- or space-separated text into a list (tags). */
export function splitList(value: unknown): string[] {
  return String(value ?? '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A list typed as text, separated by commas: each item and the count checked. */
export function listValidator(rule: Rule): ValidatorFn {
  const item = rule.items?.pattern !== undefined ? new RegExp(rule.items.pattern) : null;
  return (control: AbstractControl): ValidationErrors | null => {
    const items = Array.isArray(control.value) ? (control.value as string[]) : splitList(control.value);
    if (rule.maxItems !== undefined && items.length > rule.maxItems) return { maxItems: { max: rule.maxItems } };
    const bad = item ? items.filter((value) => !item.test(value)) : [];
    return bad.length ? { items: { bad } } : null;
  };
}

/** The first error of a control, in words. `hint` says what a pattern expects. */
export function errorText(errors: ValidationErrors | null | undefined, hint = 'is not in the expected form'): string {
  if (!errors) return '';
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return 'Required';
  if (errors['maxlength']) return `At most ${errors['maxlength'].requiredLength} characters`;
  if (errors['minlength']) return `At least ${errors['minlength'].requiredLength} characters`;
  if (errors['min']) return `At least ${errors['min'].min}`;
  if (errors['max']) return `At most ${errors['max'].max}`;
  if (errors['maxItems']) return `At most ${errors['maxItems'].max}`;
  if (errors['items']) return `Not valid: ${(errors['items'].bad as string[]).join(', ')} (${hint})`;
  if (errors['pattern']) return hint.charAt(0).toUpperCase() + hint.slice(1);
  if (errors['matDatepickerParse']) return 'Not a date';
  return 'Not valid';
}
