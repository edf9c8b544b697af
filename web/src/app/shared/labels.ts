import type { Category, RiskStatus, SolutionKind, SolutionStatus, TestOutcome, Treatment } from '../api/api';
import { enums } from '../api/generated/intake.constraints';

/** Display names for the API's enums. Typed by the generated enums: a value added to the
 * API's contract fails the build until it has a label here. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  strategic: 'Strategic',
  operational: 'Operational',
  financial: 'Financial',
  regulatory_quality: 'Regulatory / quality',
  product_safety: 'Product safety',
  supply_chain: 'Supply chain',
  cyber: 'Cyber',
  ehs: 'EHS',
  reputational: 'Reputational',
};

export const STATUS_LABELS: Readonly<Record<RiskStatus, string>> = {
  draft: 'Draft',
  open: 'Open',
  mitigating: 'Mitigating',
  accepted: 'Accepted',
  closed: 'Closed',
};

export const TREATMENT_LABELS: Readonly<Record<Treatment, string>> = {
  mitigate: 'Mitigate',
  accept: 'Accept',
  avoid: 'Avoid',
  transfer: 'Transfer',
};

/** What the button that moves a risk to a status says. */
export const TRANSITION_LABELS: Readonly<Record<RiskStatus, string>> = {
  draft: 'Back to draft',
  open: 'Open',
  mitigating: 'Start mitigating',
  accepted: 'Accept',
  closed: 'Close',
};

export const CATEGORIES = enums.Category as readonly Category[];
export const STATUSES = enums.RiskStatus as readonly RiskStatus[];
export const TREATMENTS = enums.Treatment as readonly Treatment[];

export const IMPACT_DIMENSIONS = ['safety', 'regulatory', 'financial', 'supply', 'reputation'] as const;
export type ImpactDimension = (typeof IMPACT_DIMENSIONS)[number];
export const IMPACT_LABELS: Readonly<Record<ImpactDimension, string>> = {
  safety: 'Safety',
  regulatory: 'Regulatory',
  financial: 'Financial',
  supply: 'Supply',
  reputation: 'Reputation',
};

export const SOLUTION_STATUS_LABELS: Readonly<Record<SolutionStatus, string>> = {
  planned: 'Planned',
  in_progress: 'In progress',
  active: 'Active',
  degraded: 'Degraded',
  retired: 'Retired',
};

/** What the button that moves a solution to a status says. */
export const SOLUTION_TRANSITION_LABELS: Readonly<Record<SolutionStatus, string>> = {
  planned: 'Back to planned',
  in_progress: 'Start work',
  active: 'Mark active',
  degraded: 'Mark degraded',
  retired: 'Retire',
};

export const SOLUTION_KIND_LABELS: Readonly<Record<SolutionKind, string>> = {
  preventive: 'Preventive',
  mitigating: 'Mitigating',
};

export const TEST_RESULT_LABELS: Readonly<Record<TestOutcome, string>> = {
  passed: 'Passed',
  failed: 'Failed',
};

export const SOLUTION_STATUSES = enums.SolutionStatus as readonly SolutionStatus[];
export const SOLUTION_KINDS = enums.SolutionKind as readonly SolutionKind[];
export const TEST_RESULTS = enums.TestOutcome as readonly TestOutcome[];
