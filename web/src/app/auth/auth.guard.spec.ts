import { safeReturnUrl } from './auth.guard';

describe('the return URL after sign-in', () => {
  it('is a path of this app, never another site or the sign-in page', () => {
    expect(safeReturnUrl('/risks?status=open')).toBe('/risks?status=open');
    expect(safeReturnUrl('//evil.example/x')).toBe('/risks');
    expect(safeReturnUrl('/\\evil.example/x')).toBe('/risks');
    expect(safeReturnUrl('https://evil.example/')).toBe('/risks');
    expect(safeReturnUrl('/sign-in?returnUrl=/x')).toBe('/risks');
    expect(safeReturnUrl(undefined)).toBe('/risks');
  });
});
