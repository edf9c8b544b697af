import { TestBed } from '@angular/core/testing';
import { signal } from '@angular/core';
import { Api } from './api';
import { AuthService } from '../auth/auth.service';
import { ConfigService } from '../core/config';

describe('the API clients', () => {
  const realFetch = globalThis.fetch;
  let answers: (Response | Promise<Response>)[];
  let sent: Request[];
  let expired: number;
  const auth = {
    session: signal(0),
    idToken: async () => 'id-token',
    sessionExpired: async () => {
      expired++;
    },
  };

  beforeEach(() => {
    answers = [];
    sent = [];
    expired = 0;
    globalThis.fetch = (async (input: Request) => {
      sent.push(input);
      return answers.shift() ?? new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    TestBed.configureTestingModule({ providers: [{ provide: AuthService, useValue: auth }] });
    TestBed.inject(ConfigService).set({
      stage: 'test', region: 'us-east-1', userPoolId: 'us-east-1_x', userPoolClientId: 'c',
      apis: { intake: '/api/intake', scoring: '/api/scoring', graph: '/api/graph', reporting: '/api/reporting' },
    });
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends the bare ID token to the same-origin path of the API', async () => {
    const api = TestBed.inject(Api);
    await api.intake.GET('/risks/{risk_id}', { params: { path: { risk_id: 'r1' } } });
    expect(new URL(sent[0].url).pathname).toBe('/api/intake/risks/r1');
    expect(sent[0].headers.get('Authorization')).toBe('id-token');
  });

  it('sends the user to sign in on a 401 of the current session, not of one that ended', async () => {
    const api = TestBed.inject(Api);
    answers.push(new Response('{"message":"Unauthorized"}', { status: 401 }));
    await api.scoring.GET('/scores/{risk_id}', { params: { path: { risk_id: 'r1' } } });
    expect(expired).toBe(1);

    // A request sent before the session changed answers 401 afterwards: ignored.
    let release!: (response: Response) => void;
    answers.push(new Promise<Response>((resolve) => (release = resolve)));
    const late = api.intake.GET('/risks', {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    auth.session.update((n) => n + 1);
    release(new Response('{}', { status: 401 }));
    await late;
    expect(expired).toBe(1);
  });
});
