/** An Api that sends a token the user has not stored yet, so `auth login` can check it first. */
import type { Api } from '../../api/resources.js';
import type { Context } from '../../context.js';

export interface Candidate {
  token: string;
  apiUrl: string;
  org: string | undefined;
}

export function candidateApi(ctx: Context, c: Candidate): Promise<Api> {
  return ctx.api({ candidate: c });
}
