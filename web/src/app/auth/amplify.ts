// Amplify Auth, loaded on its own (a lazy chunk fetched at start-up beside config.json)
// so that it stays out of the initial bundle.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import type { AppConfig } from '../core/config';

export { fetchAuthSession, signIn, signOut };

export function configure(config: AppConfig, origin: string): void {
  const endpoint = config.userPoolEndpoint ? new URL(config.userPoolEndpoint, origin).href : undefined;
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        ...(endpoint ? { userPoolEndpoint: endpoint } : {}),
        loginWith: { email: true },
      },
    },
  });
}
