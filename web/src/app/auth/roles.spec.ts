import { allowedTransitions, can, rolesFrom } from './roles';

describe('roles', () => {
  it('reads cognito:groups as a list or as API Gateway\'s string', () => {
    expect(rolesFrom(['analyst', 'unknown'])).toEqual(['analyst']);
    expect(rolesFrom('[risk-manager admin]')).toEqual(['risk-manager', 'admin']);
    expect(rolesFrom(undefined)).toEqual([]);
  });

  it('offers only the actions a role may take', () => {
    expect(can(['executive'], 'write-risks')).toBe(false);
    expect(can(['analyst'], 'write-risks')).toBe(true);
    expect(allowedTransitions(['executive'], ['open', 'accepted'])).toEqual([]);
    expect(allowedTransitions(['analyst'], ['mitigating', 'accepted', 'closed'])).toEqual(['mitigating', 'closed']);
    expect(allowedTransitions(['risk-manager'], ['mitigating', 'accepted'])).toEqual(['mitigating', 'accepted']);
  });
});
