import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { DatePipe, KeyValuePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar, MatSnackBarModule } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Api, Assessment, AssessmentIn, AuditEntry, Risk, RiskStatus, Score, SolutionSummary, etagOf } from '../api/api';
import { Problem, networkProblem, problemOf } from '../api/problem';
import { AuthService } from '../auth/auth.service';
import { allowedTransitions } from '../auth/roles';
import { DivisionsService } from '../shared/divisions.service';
import { ScoreCache } from '../shared/score-cache';
import {
  CATEGORY_LABELS, IMPACT_DIMENSIONS, IMPACT_LABELS, STATUS_LABELS, TRANSITION_LABELS, TREATMENT_LABELS,
} from '../shared/labels';
import { ScorePanel } from './score-panel';
import { AcceptanceDialog, AcceptanceDialogData, AcceptanceTerms } from './acceptance-dialog';
import { AssessmentForm } from './assessment-form';
import { LinkedSolutions } from './linked-solutions';
import { RISK_FIELD_LABELS, RiskEditForm, RiskFields, describeRiskField, riskFields } from './risk-edit-form';
import { conflictsOf, patchOf, reapplied } from '../shared/conflict';
import { ConflictChoice, ConflictDialog, ConflictDialogData } from '../shared/conflict-dialog';

/** How long to wait for the score of a new assessment (it usually lands in well under a
 * second: intake -> event -> scoring). */
const SCORE_WAIT_MS = 20_000;

import { FORM_FIELD_DEFAULTS } from '../shared/form-field';
import { LevelChip } from '../shared/level-chip';

@Component({
  selector: 'app-risk-detail',
  imports: [
    LevelChip, DatePipe, KeyValuePipe, RouterLink, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, MatSnackBarModule,
    MatTableModule, ScorePanel, AssessmentForm, LinkedSolutions, RiskEditForm,
  ],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './risk-detail.page.html',
  styleUrl: './risk-detail.page.scss',
})
export class RiskDetailPage {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly scoreCache = inject(ScoreCache);
  protected readonly divisions = inject(DivisionsService);

  /** The risk's id, from the route. */
  readonly id = input.required<string>();

  protected readonly risk = signal<Risk | null>(null);
  private etag = '';
  protected readonly assessments = signal<Assessment[]>([]);
  /** Who changed which field, when, from what to what: newest first. */
  protected readonly audit = signal<AuditEntry[]>([]);
  protected readonly auditColumns = ['at', 'actor', 'change', 'old', 'new'];
  /** undefined: loading; null: not scored yet. */
  protected readonly score = signal<Score | null | undefined>(undefined);
  protected readonly loading = signal(true);
  protected readonly scoring = signal(false);
  protected readonly busy = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly assessProblem = signal<Problem | null>(null);

  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly treatmentLabels = TREATMENT_LABELS;
  protected readonly transitionLabels = TRANSITION_LABELS;
  protected readonly dimensions = IMPACT_DIMENSIONS;
  protected readonly impactLabels = IMPACT_LABELS;
  protected readonly historyColumns = ['assessedAt', 'assessedBy', 'likelihood', ...IMPACT_DIMENSIONS, 'justification'];

  /** The values in the edit form (null: not editing), and those of the version it is based on. */
  protected readonly editing = signal<RiskFields | null>(null);
  private editedFrom: RiskFields | null = null;

  private readonly assessmentForm = viewChild(AssessmentForm);
  protected readonly canWrite = computed(() => this.auth.can('write-risks') && !this.risk()?.retired);
  protected readonly actions = computed(() => {
    const risk = this.risk();
    return risk && !risk.retired ? allowedTransitions(this.auth.roles(), risk.nextStatuses) : [];
  });

  constructor() {
    void this.divisions.load();
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    this.score.set(undefined);
    await Promise.all([this.loadRisk(id), this.loadAssessments(id), this.loadScore(id), this.loadAudit(id)]);
    this.loading.set(false);
  }

  private async loadRisk(id: string): Promise<void> {
    try {
      const { data, error, response } = await this.api.intake.GET('/risks/{risk_id}', { params: { path: { risk_id: id } } });
      if (data) {
        this.risk.set(data);
        this.etag = etagOf(response, data.version);
      } else {
        this.risk.set(null);
        this.problem.set(
          response.status === 404 ? { ...problemOf(response, error), message: 'No risk you may read has this id.' } : problemOf(response, error),
        );
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    }
  }

  private async loadAudit(id: string): Promise<void> {
    const { data } = await this.api.intake
      .GET('/risks/{risk_id}/audit', { params: { path: { risk_id: id } } })
      .catch(() => ({ data: undefined }));
    this.audit.set([...(data?.items ?? [])].reverse());
  }

  /** An audited value as one short line. */
  protected shown(value: unknown): string {
    if (value === null || value === undefined || value === '') return '—';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  }

  private async loadAssessments(id: string): Promise<void> {
    const { data } = await this.api.intake
      .GET('/risks/{risk_id}/assessments', { params: { path: { risk_id: id } } })
      .catch(() => ({ data: undefined }));
    this.assessments.set(data?.items ?? []);
  }

  private async loadScore(id: string): Promise<Score | null> {
    const { data } = await this.api.scoring
      .GET('/scores/{risk_id}', { params: { path: { risk_id: id } } })
      .catch(() => ({ data: undefined }));
    const score = data ?? null;
    this.score.set(score);
    this.scoreCache.put(id, score ? { level: score.currentResidual.level, score: score.currentResidual.score } : null);
    return score;
  }

  /** Moves the risk along the workflow, sending the version read (If-Match). Accepting
   * asks for the terms first: why, and until when. */
  protected async moveTo(status: RiskStatus): Promise<void> {
    const risk = this.risk();
    if (!risk) return;
    let acceptance: AcceptanceTerms | undefined;
    if (status === 'accepted') {
      const data: AcceptanceDialogData = { title: risk.title, today: new Date().toISOString().slice(0, 10) };
      const opened = this.dialog.open<AcceptanceDialog, AcceptanceDialogData, AcceptanceTerms>(AcceptanceDialog, {
        data,
        width: '32rem',
      });
      acceptance = await firstValueFrom(opened.afterClosed());
      if (!acceptance) return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.intake.PATCH('/risks/{risk_id}', {
        params: { path: { risk_id: risk.id }, header: { 'If-Match': this.etag } },
        body: acceptance ? { status, acceptance } : { status },
      });
      if (data) {
        this.risk.set(data);
        this.etag = etagOf(response, data.version);
        this.snackBar.open(`Status: ${STATUS_LABELS[data.status]}`, undefined, { duration: 3000 });
        void this.loadAudit(data.id);
      } else if (response.status === 412) {
        await this.loadRisk(risk.id);
        this.problem.set({
          ...problemOf(response, error),
          message: 'Someone changed this risk since you opened it: it is shown as it is now. Check it and try again.',
        });
      } else {
        this.problem.set(problemOf(response, error));
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected edit(): void {
    const risk = this.risk();
    if (!risk) return;
    this.editedFrom = riskFields(risk);
    this.editing.set(this.editedFrom);
  }

  protected cancelEdit(): void {
    this.editing.set(null);
    this.editedFrom = null;
  }

  /** Saves the fields changed (PATCH with If-Match). A stale edit (412) shows what changed
   * on the server next to the user's values, and offers to re-apply them on the current version. */
  protected async saveDetails(mine: RiskFields): Promise<void> {
    const risk = this.risk();
    const loaded = this.editedFrom;
    if (!risk || !loaded) return;
    const patch = patchOf(loaded, mine);
    if (!Object.keys(patch).length) {
      this.cancelEdit();
      this.snackBar.open('Nothing changed', undefined, { duration: 3000 });
      return;
    }
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await this.api.intake.PATCH('/risks/{risk_id}', {
        params: { path: { risk_id: risk.id }, header: { 'If-Match': this.etag } },
        body: patch,
      });
      if (data) {
        this.risk.set(data);
        this.etag = etagOf(response, data.version);
        this.cancelEdit();
        this.snackBar.open('Saved', undefined, { duration: 3000 });
        void this.loadAudit(data.id);
      } else if (response.status === 412) {
        await this.loadRisk(risk.id);
        const fresh = this.risk();
        if (fresh) await this.resolveConflict(loaded, riskFields(fresh), mine);
      } else {
        this.problem.set(problemOf(response, error));
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async resolveConflict(loaded: RiskFields, server: RiskFields, mine: RiskFields): Promise<void> {
    const data: ConflictDialogData = {
      thing: 'this risk',
      rows: conflictsOf(loaded, server, mine).map((conflict) => ({
        label: RISK_FIELD_LABELS[conflict.field] ?? conflict.field,
        server: describeRiskField(conflict.field, conflict.server, (id) => this.divisions.name(id)),
        mine: describeRiskField(conflict.field, conflict.mine, (id) => this.divisions.name(id)),
        edited: conflict.edited,
      })),
    };
    const opened = this.dialog.open<ConflictDialog, ConflictDialogData, ConflictChoice>(ConflictDialog, {
      data,
      width: '40rem',
      disableClose: true,
    });
    const choice = await firstValueFrom(opened.afterClosed());
    this.editedFrom = server;
    if (choice === 'reapply') {
      this.editing.set(reapplied(loaded, server, mine));
      this.snackBar.open('Your changes are back on the current version: check them and save.', undefined, { duration: 5000 });
    } else {
      this.cancelEdit();
    }
  }

  /** Links a solution to the risk (POST with the version read, If-Match). */
  protected link(solution: SolutionSummary): Promise<void> {
    return this.changeLinks(`Linked “${solution.title}”`, (riskId, params) =>
      this.api.intake.POST('/risks/{risk_id}/solutions', { params: { path: { risk_id: riskId }, ...params }, body: { solutionId: solution.id } }),
    );
  }

  /** Unlinks a solution from the risk (DELETE with the version read, If-Match). */
  protected unlink(solution: SolutionSummary): Promise<void> {
    return this.changeLinks(`Unlinked “${solution.title}”`, (riskId, params) =>
      this.api.intake.DELETE('/risks/{risk_id}/solutions/{solution_id}', {
        params: { path: { risk_id: riskId, solution_id: solution.id }, ...params },
      }),
    );
  }

  private async changeLinks(
    done: string,
    send: (riskId: string, params: { header: { 'If-Match': string } }) => Promise<{ data?: Risk; error?: unknown; response: Response }>,
  ): Promise<void> {
    const risk = this.risk();
    if (!risk) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const { data, error, response } = await send(risk.id, { header: { 'If-Match': this.etag } });
      if (data) {
        this.risk.set(data);
        this.etag = etagOf(response, data.version);
        this.snackBar.open(done, undefined, { duration: 3000 });
        void this.loadAudit(data.id);
      } else if (response.status === 412) {
        await this.loadRisk(risk.id);
        this.problem.set({
          ...problemOf(response, error),
          message: 'Someone changed this risk since you opened it: it is shown as it is now. Check it and try again.',
        });
      } else {
        this.problem.set(problemOf(response, error));
      }
    } catch (error) {
      this.problem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** Records an assessment, then waits for the score it causes. */
  protected async assess(body: AssessmentIn): Promise<void> {
    const risk = this.risk();
    if (!risk) return;
    this.busy.set(true);
    this.assessProblem.set(null);
    try {
      const { data, error, response } = await this.api.intake.POST('/risks/{risk_id}/assessments', {
        params: { path: { risk_id: risk.id }, header: { 'If-Match': this.etag } },
        body,
      });
      if (!data) {
        if (response.status === 412) await this.loadRisk(risk.id);
        this.assessProblem.set(problemOf(response, error));
        return;
      }
      this.assessmentForm()?.reset();
      this.snackBar.open('Assessment recorded; scoring…', undefined, { duration: 3000 });
      await Promise.all([this.loadRisk(risk.id), this.loadAssessments(risk.id), this.loadAudit(risk.id)]);
      await this.waitForScore(risk.id, data.id);
    } catch (error) {
      this.assessProblem.set(networkProblem(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async waitForScore(riskId: string, assessmentId: string): Promise<void> {
    this.scoring.set(true);
    const deadline = Date.now() + SCORE_WAIT_MS;
    try {
      while (Date.now() < deadline) {
        const score = await this.loadScore(riskId);
        if (score?.inputs.assessmentId === assessmentId) return;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      this.snackBar.open('The new score has not arrived yet; reload the page in a moment.', 'OK');
    } finally {
      this.scoring.set(false);
    }
  }

  protected impact(assessment: Assessment, dimension: string): string {
    return String(assessment.impact[dimension] ?? '—');
  }
}
