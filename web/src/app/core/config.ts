import { Injectable } from '@angular/core';

/** What the app learns at run time from /config.json, served next to it: the same build
 * runs on every stage (ADR 60). */
export interface AppConfig {
  stage: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Cognito's endpoint when it is not AWS's own (locally: the same-origin proxy). */
  userPoolEndpoint?: string;
  /** Base path of each API, same-origin. */
  apis: { intake: string; scoring: string; graph: string; reporting: string };
}

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetcher('/config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as AppConfig;
  for (const key of ['region', 'userPoolId', 'userPoolClientId', 'apis'] as const) {
    if (!config[key]) throw new Error(`config.json lacks ${key}`);
  }
  return config;
}

/** The loaded configuration; the app initializer fills it before anything reads it. */
@Injectable({ providedIn: 'root' })
export class ConfigService {
  private value?: AppConfig;
  set(config: AppConfig): void {
    this.value = config;
  }
  get config(): AppConfig {
    if (!this.value) throw new Error('The configuration is not loaded yet');
    return this.value;
  }
}
