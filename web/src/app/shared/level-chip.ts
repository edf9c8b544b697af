import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** What a chip shows: a score's level, a risk's appetite status or a key risk
 * indicator's reading. */
export type ChipKind = 'level' | 'appetite' | 'kri';

const KNOWN: Readonly<Record<ChipKind, readonly string[]>> = {
  level: ['low', 'medium', 'high', 'critical'],
  appetite: ['within', 'watch', 'breach', 'accepted'],
  kri: ['red', 'amber', 'green'],
};

const EMPTY: Readonly<Record<ChipKind, string>> = {
  level: 'not scored',
  appetite: 'not assessed',
  kri: 'no reading',
};

/** The coloured chip of a level, an appetite status or a KRI reading, with the score
 * after a level when given; a missing or unknown value shows grey, with its kind's
 * words for nothing (or ``empty``). The colours keep 4.5:1 contrast or more. */
@Component({
  selector: 'app-level-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="chipClass()">{{ text() }}</span>`,
  styles: `
    .level-chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 10px;
      border-radius: 12px;
      font-size: 0.8125rem;
      font-weight: 500;
      line-height: 20px;
      white-space: nowrap;
      border: 1px solid transparent;
    }
    .level-low, .appetite-within, .kri-green { background: #d7f0dc; color: #0b4a1b; border-color: #8cc79a; }
    .level-medium, .appetite-watch, .kri-amber { background: #fff1c2; color: #5a4300; border-color: #e0c25a; }
    .level-high { background: #ffdcc6; color: #7a2e00; border-color: #f0a070; }
    .level-critical, .appetite-breach, .kri-red { background: #b3261e; color: #ffffff; }
    .level-none, .appetite-none, .kri-none, .appetite-accepted {
      background: #eceff1; color: #37474f; border-color: #b0bec5;
    }
  `,
})
export class LevelChip {
  readonly kind = input<ChipKind>('level');
  readonly value = input<string | null | undefined>(null);
  readonly score = input<number | null | undefined>(null);
  /** The words for no value, instead of the kind's own. */
  readonly empty = input<string | null>(null);

  protected readonly chipClass = computed(() => {
    const kind = this.kind();
    const value = this.value();
    return `level-chip ${kind}-${value && KNOWN[kind].includes(value) ? value : 'none'}`;
  });

  protected readonly text = computed(() => {
    const value = this.value();
    if (!value) return this.empty() ?? EMPTY[this.kind()];
    const score = this.score();
    return score === null || score === undefined ? value : `${value} · ${score}`;
  });
}
