import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { Api } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { ImportFormat, ImportReport, RowProblem, formatOf, problemsOfRefusal, sortedProblems, toBase64 } from './import-file';

interface Picked {
  name: string;
  format: ImportFormat;
  content: string;
}

/** Imports risks (and the solutions they name) from a CSV or XLSX file (ADR 15): the file
 * is checked first (a dry run: every problem by row and column, nothing written); the
 * import, all rows or none, is offered only once the check is clean. */
@Component({
  selector: 'app-import',
  imports: [KeyValuePipe, RouterLink, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, MatTableModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './import.page.html',
  styleUrl: './import.page.scss',
})
export class ImportPage {
  private readonly api = inject(Api);

  protected readonly file = signal<Picked | null>(null);
  /** The last dry run's report, for the file picked. */
  protected readonly check = signal<ImportReport | null>(null);
  /** The import's report, once done. */
  protected readonly imported = signal<ImportReport | null>(null);
  protected readonly problems = signal<RowProblem[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly busy = signal(false);
  protected readonly columns = ['line', 'field', 'reason'];
  protected readonly clean = computed(() => {
    const check = this.check();
    return !!check && check.problems.length === 0 && check.rows > 0 && !this.imported();
  });

  protected async picked(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    this.reset();
    if (!chosen) return;
    const format = formatOf(chosen.name);
    if (!format) {
      this.problem.set({ status: 0, message: `“${chosen.name}” is not a .csv or .xlsx file.`, fields: {} });
      return;
    }
    const content = toBase64(new Uint8Array(await chosen.arrayBuffer()));
    if (!content) {
      this.problem.set({ status: 0, message: `“${chosen.name}” is empty.`, fields: {} });
      return;
    }
    this.file.set({ name: chosen.name, format, content });
    await this.send(true);
  }

  /** Checks the file again (after a change elsewhere, e.g. a division). */
  protected recheck(): Promise<void> {
    return this.send(true);
  }

  protected importAll(): Promise<void> {
    return this.send(false);
  }

  private reset(): void {
    this.file.set(null);
    this.check.set(null);
    this.imported.set(null);
    this.problems.set([]);
    this.problem.set(null);
  }

  private async send(dryRun: boolean): Promise<void> {
    const file = this.file();
    if (!file) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.intake.POST('/risks/import', {
        body: { format: file.format, content: file.content, dryRun },
      });
      if (data) {
        this.problems.set(sortedProblems(data.problems));
        if (dryRun) this.check.set(data);
        else this.imported.set(data);
        return;
      }
      const refused = problemsOfRefusal(error);
      if (refused.length) {
        // Something changed since the check: the import wrote nothing; the file is to be fixed.
        this.check.set(null);
        this.problems.set(sortedProblems(refused));
      }
      this.problem.set(problemOf(response, error));
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
