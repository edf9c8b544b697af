import { Injectable, inject } from '@angular/core';
import createClient, { type Middleware } from 'openapi-fetch';
import type * as intake from './generated/intake';
import type * as scoring from './generated/scoring';
import type * as reporting from './generated/reporting';
import type * as graph from './generated/graph';
import { AuthService } from '../auth/auth.service';
import { ConfigService } from '../core/config';

/** The schemas of each API, generated from its committed OpenAPI document. */
export type IntakeSchemas = intake.components['schemas'];
export type ScoringSchemas = scoring.components['schemas'];
export type ReportingSchemas = reporting.components['schemas'];

export type Risk = IntakeSchemas['RiskOut'];
export type RiskSummary = IntakeSchemas['RiskSummaryOut'];
export type RiskIn = IntakeSchemas['RiskIn'];
export type RiskStatus = IntakeSchemas['RiskStatus'];
export type Category = IntakeSchemas['Category'];
export type Treatment = IntakeSchemas['Treatment'];
export type Division = IntakeSchemas['DivisionOut'];
export type Assessment = IntakeSchemas['AssessmentOut'];
export type AssessmentIn = IntakeSchemas['AssessmentIn'];
export type Impact = IntakeSchemas['Impact'];
export type DivisionIn = IntakeSchemas['DivisionIn'];
export type DivisionPatch = IntakeSchemas['DivisionPatch'];
export type Solution = IntakeSchemas['SolutionOut'];
export type SolutionSummary = IntakeSchemas['SolutionSummaryOut'];
export type SolutionIn = IntakeSchemas['SolutionIn'];
export type SolutionPatch = IntakeSchemas['SolutionPatch'];
export type SolutionStatus = IntakeSchemas['SolutionStatus'];
export type SolutionKind = IntakeSchemas['SolutionKind'];
export type TestOutcome = IntakeSchemas['TestOutcome'];
export type AuditEntry = IntakeSchemas['AuditEntryOut'];
export type Score = ScoringSchemas['ScoreOut'];
export type Scores = ScoringSchemas['ScoresOut'];
export type ScoringModel = ScoringSchemas['ModelOut'];
export type Heatmaps = ReportingSchemas['HeatmapsOut'];
export type ModelHeatmaps = ReportingSchemas['ModelHeatmapsOut'];
export type HeatmapCell = ReportingSchemas['CellOut'];
export type Basis = ReportingSchemas['Basis'];
export type ReportSummary = ReportingSchemas['SummaryOut'];
export type ReportRisk = ReportingSchemas['RiskOut'];
export type DivisionRollup = ReportingSchemas['DivisionRollupOut'];
export type Mitigation = ReportingSchemas['MitigationOut'];
export type Trends = ReportingSchemas['TrendsOut'];
export type ExportFormat = ReportingSchemas['ExportFormat'];
export type ExportLink = ReportingSchemas['ExportLinkOut'];
export type Breach = ReportingSchemas['BreachOut'];
export type Kri = ReportingSchemas['KriOut'];

/** The typed clients of the four APIs, same-origin. Every request carries the caller's
 * ID token (refreshed by Amplify when expired); a 401 sends the user to sign in and back. */
@Injectable({ providedIn: 'root' })
export class Api {
  private readonly auth = inject(AuthService);
  private readonly apis = inject(ConfigService).config.apis;

  /** The session each request in flight was sent in: a 401 for a request of a session
   * that already ended (signed out, or expired and signed in again) changes nothing. */
  private readonly sentIn = new Map<string, number>();

  private readonly middleware: Middleware = {
    onRequest: async ({ request, id }) => {
      this.sentIn.set(id, this.auth.session());
      const token = await this.auth.idToken();
      if (token) request.headers.set('Authorization', token);
      return request;
    },
    onResponse: ({ response, id }) => {
      const session = this.sentIn.get(id);
      this.sentIn.delete(id);
      if (response.status === 401 && session === this.auth.session()) void this.auth.sessionExpired();
      return response;
    },
    onError: ({ id }) => {
      this.sentIn.delete(id);
    },
  };

  readonly intake = this.client<intake.paths>(this.apis.intake);
  readonly scoring = this.client<scoring.paths>(this.apis.scoring);
  readonly reporting = this.client<reporting.paths>(this.apis.reporting);
  readonly graph = this.client<graph.paths>(this.apis.graph);

  /** A client of one API; its answers are typed as their JSON (a report that may also be
   * a file is asked for with parseAs: 'blob'). */
  private client<Paths extends {}>(baseUrl: string) {
    const client = createClient<Paths, `${string}/json`>({ baseUrl });
    client.use(this.middleware);
    return client;
  }
}

/** The version to send back in If-Match: the ETag of the response that was read. */
export function etagOf(response: Response, version?: number): string {
  return response.headers.get('ETag') ?? `"${version ?? ''}"`;
}
