import { TestBed } from '@angular/core/testing';
import { ChipKind, LevelChip } from './level-chip';

async function chip(inputs: { kind?: ChipKind; value?: string | null; score?: number | null; empty?: string }) {
  const fixture = TestBed.createComponent(LevelChip);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  await fixture.whenStable();
  const span = (fixture.nativeElement as HTMLElement).querySelector('span') as HTMLSpanElement;
  document.body.appendChild(fixture.nativeElement);
  return span;
}

/** WCAG's contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

describe('the level chip', () => {
  it('shows a level with its score, coloured by the level', async () => {
    const span = await chip({ value: 'critical', score: 20 });
    expect(span.textContent).toBe('critical · 20');
    expect([...span.classList].sort()).toEqual(['level-chip', 'level-critical']);
  });

  it('shows a missing value grey, in its kind’s words or the ones given', async () => {
    expect((await chip({})).textContent).toBe('not scored');
    expect((await chip({ kind: 'kri', value: null })).textContent).toBe('no reading');
    expect((await chip({ kind: 'appetite', value: undefined, empty: '—' })).textContent).toBe('—');
    expect([...(await chip({ kind: 'kri', value: null })).classList].sort()).toEqual(['kri-none', 'level-chip']);
  });

  it('shows an unknown value as it is, grey rather than in another kind’s colour', async () => {
    const span = await chip({ kind: 'appetite', value: 'red' });
    expect(span.textContent).toBe('red');
    expect([...span.classList].sort()).toEqual(['appetite-none', 'level-chip']);
  });

  it('keeps 4.5:1 contrast or more for every level, appetite status and reading', async () => {
    const all: [ChipKind, string | null][] = [
      ...['low', 'medium', 'high', 'critical', null].map((v): [ChipKind, string | null] => ['level', v]),
      ...['within', 'watch', 'breach', 'accepted', null].map((v): [ChipKind, string | null] => ['appetite', v]),
      ...['red', 'amber', 'green', null].map((v): [ChipKind, string | null] => ['kri', v]),
    ];
    for (const [kind, value] of all) {
      const style = getComputedStyle(await chip({ kind, value }));
      expect(style.backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
      expect(contrast(style.color, style.backgroundColor), `${kind} ${value}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
