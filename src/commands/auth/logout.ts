import type { RawInput } from '../../cli.js';
import { profileName } from '../../config/auth.js';
import type { Context } from '../../context.js';
import { ConfigError } from '../../errors.js';
import { warnShadowed } from './login.js';

export type LogoutOptions = Record<string, never>;

export function parse(_raw: RawInput): LogoutOptions {
  return {};
}

/** Removes the token only: the profile's API URL and org stay for the next login. */
export async function run(_opts: LogoutOptions, ctx: Context): Promise<void> {
  const store = await ctx.config();
  const name = profileName(ctx.globals, ctx.env);
  const profile = store.getProfile(name);
  const inKeychain = profile?.tokenStorage === 'keychain';
  const removed = Boolean(profile?.token) || inKeychain;
  if (inKeychain) {
    const { openKeychain, tokenAccount } = await import('../../config/keychain.js');
    const probe = await openKeychain(ctx.env);
    if (probe.ok) await probe.keychain.delete(tokenAccount(name));
    else ctx.out.warn(`the OS keychain is not available (${probe.reason}); its entry for profile "${name}" stays until you remove it there`);
  }
  if (profile && removed) {
    const { token: _token, tokenStorage: _storage, ...rest } = profile;
    try {
      if (rest.apiUrl || rest.org) store.setProfile(name, rest);
      else store.deleteProfile(name);
    } catch (e) {
      throw new ConfigError(`cannot write ${store.path}: ${(e as Error).message}`, 'Check the permissions of the config directory.');
    }
  }

  if (ctx.out.jsonMode) ctx.out.json({ profile: name, removed, store_path: store.path });
  else if (removed) ctx.out.success(`Logged out: removed the token of profile "${name}" from ${inKeychain ? 'the OS keychain' : store.path}.`);
  else ctx.out.info(`Profile "${name}" has no stored token; nothing to remove.`);

  warnShadowed(ctx, 'still applies; unset it to stop using that token', 'still apply; unset them to stop using them');
}
