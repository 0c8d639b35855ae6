/** The current user's uid, for the ownership checks of files we read (undefined where there is none, e.g. Windows). */
import { effectiveUid } from '../builtins.js';

/**
 * The process's effective uid, the one the kernel checks a file's owner against. Not
 * `os.userInfo().uid`: that is the same number after loading node:os and looking the user
 * up in the passwd database (NSS), ~0.5 ms of every command that reads the config.
 */
export function currentUid(): number | undefined {
  const uid = effectiveUid();
  return uid !== undefined && uid >= 0 ? uid : undefined;
}
