/** The current user's uid, for the ownership checks of files we read (undefined where there is none, e.g. Windows). */
import { os } from '../builtins.js';

let known: { uid: number | undefined } | undefined;

/** Asked once per process (a passwd lookup), and only when a file's owner must be checked. */
export function currentUid(): number | undefined {
  known ??= { uid: lookup() };
  return known.uid;
}

function lookup(): number | undefined {
  try {
    const uid = os().userInfo().uid;
    return uid >= 0 ? uid : undefined;
  } catch {
    return undefined; // no passwd entry for this uid: no check we could make
  }
}
