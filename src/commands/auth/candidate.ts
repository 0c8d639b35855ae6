/** An Api that sends a token the user has not stored yet, so `auth login` can check it first. */
import type { Api } from '../../api/resources.js';
import type { ApiOptions, Context } from '../../context.js';

export interface Candidate {
  token: string;
  apiUrl: string;
  org: string | undefined;
}

/** `token: ''` for requests that carry none yet (the browser login's exchange). */
export function candidateApi(ctx: Context, c: Candidate, o: Omit<ApiOptions, 'candidate'> = {}): Promise<Api> {
  return ctx.api({ ...o, candidate: c });
}
