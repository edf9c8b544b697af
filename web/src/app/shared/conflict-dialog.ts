import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';

/** One row of the dialog: a field that changed on the server, in words. */
export interface ConflictRow {
  label: string;
  server: string;
  mine: string;
  edited: boolean;
}

export interface ConflictDialogData {
  /** What was edited, e.g. "this risk". */
  thing: string;
  rows: ConflictRow[];
}

/** What the user chose: put their edits back on the current version, or drop them. */
export type ConflictChoice = 'reapply' | 'discard';

/** A stale edit (412): what changed on the server since the user loaded it, next to the
 * user's values, with "reload and re-apply my changes" and "discard mine". */
@Component({
  selector: 'app-conflict-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Someone changed {{ data.thing }}</h2>
    <mat-dialog-content>
      <p>Nothing of yours was saved: {{ data.thing }} changed since you opened it.</p>
      @if (data.rows.length) {
        <table class="changes" data-testid="conflict-changes">
          <caption>Changed since you opened it</caption>
          <thead>
            <tr><th scope="col">Field</th><th scope="col">Now saved</th><th scope="col">Yours</th></tr>
          </thead>
          <tbody>
            @for (row of data.rows; track row.label) {
              <tr [class.both]="row.edited">
                <th scope="row">{{ row.label }}</th>
                <td>{{ row.server }}</td>
                <td>{{ row.mine }}@if (row.edited) { <span class="note">(you changed it too)</span> }</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p>None of the fields you see here changed (only something else, such as its status).</p>
      }
      <p>Reloading puts your changes back on top of the current version for you to check and save again.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="'discard'">Discard mine</button>
      <button mat-flat-button type="button" [mat-dialog-close]="'reapply'" cdkFocusInitial>Reload and re-apply my changes</button>
    </mat-dialog-actions>
  `,
  styles: `
    .changes { border-collapse: collapse; width: 100%; margin: 8px 0; }
    caption { text-align: left; font: var(--mat-sys-title-small); padding-bottom: 4px; }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; }
    .both td { font-weight: 500; }
    .note { color: var(--mat-sys-on-surface-variant); font-weight: 400; margin-left: 4px; }
  `,
})
export class ConflictDialog {
  protected readonly data = inject<ConflictDialogData>(MAT_DIALOG_DATA);
}
