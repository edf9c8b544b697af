/** Roles are Cognito groups (`cognito:groups` in the ID token). What each may do mirrors
 * the platform's rules (shared/riskplatform/access.py); the API stays the guard, this
 * only decides which actions the app offers. */
export const ROLES = ['analyst', 'risk-manager', 'executive', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | 'read'
  | 'write-risks'
  | 'accept-risks'
  | 'manage-solutions'
  | 'manage-divisions'
  | 'manage-models';

export const GRANTS: Readonly<Record<Role, readonly Action[]>> = {
  analyst: ['read', 'write-risks'],
  'risk-manager': ['read', 'write-risks', 'accept-risks', 'manage-solutions'],
  executive: ['read'],
  admin: ['read', 'manage-divisions', 'manage-models'],
};

export function rolesFrom(groups: unknown): Role[] {
  const list = Array.isArray(groups)
    ? groups.map(String)
    : String(groups ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/);
  return ROLES.filter((role) => list.includes(role));
}

export function can(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => GRANTS[role].includes(action));
}

/** The statuses the caller may move a risk to, of those the workflow allows next. */
export function allowedTransitions<S extends string>(roles: readonly Role[], next: readonly S[]): S[] {
  if (!can(roles, 'write-risks')) return [];
  return next.filter((status) => status !== 'accepted' || can(roles, 'accept-risks'));
}
