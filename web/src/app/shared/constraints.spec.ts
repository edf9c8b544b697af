import { FormControl } from '@angular/forms';
import { bodies } from '../api/generated/intake.constraints';
import { errorText, splitList, validatorsFor } from './constraints';

const control = (rule: Parameters<typeof validatorsFor>[0], value: unknown) => new FormControl(value, validatorsFor(rule));

describe('form checks from the OpenAPI constraints', () => {
  it('checks a title as the API does: required, at most 200, not only spaces (unanchored pattern)', () => {
    expect(control(bodies.RiskIn.title, '').errors).toHaveProperty('required');
    expect(control(bodies.RiskIn.title, '   ').errors).toHaveProperty('pattern');
    expect(control(bodies.RiskIn.title, 'x'.repeat(201)).errors).toHaveProperty('maxlength');
    expect(control(bodies.RiskIn.title, ' a risk ').errors).toBeNull();
  });

  it('checks each tag and their number', () => {
    expect(control(bodies.RiskIn.tags, 'pcr, cold-chain').errors).toBeNull();
    expect(control(bodies.RiskIn.tags, 'ok, Not-OK').errors).toEqual({ items: { bad: ['Not-OK'] } });
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');
    expect(control(bodies.RiskIn.tags, many).errors).toEqual({ maxItems: { max: 20 } });
    expect(splitList(' a, b  c,')).toEqual(['a', 'b', 'c']);
  });

  it('checks ranges of an assessment', () => {
    expect(control(bodies.AssessmentIn.likelihood, 6).errors).toHaveProperty('max');
    expect(control(bodies.Impact.safety, null).errors).toBeNull();
    expect(control(bodies.Fmea.detection, 0).errors).toHaveProperty('min');
  });

  it('says what is wrong in words, the server\'s reason first', () => {
    expect(errorText({ server: 'no such owner', required: true })).toBe('no such owner');
    expect(errorText({ maxlength: { requiredLength: 200 } })).toBe('At most 200 characters');
    expect(errorText({ pattern: {} }, 'an email address')).toBe('An email address');
  });
});
