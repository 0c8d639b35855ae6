/** The current user's uid, for the ownership checks of files we read (undefined where there is none, e.g. Windows). */
import { userInfo } from 'node:os';

export function currentUid(): number | undefined {
  try {
    const uid = userInfo().uid;
    return uid >= 0 ? uid : undefined;
  } catch {
    return undefined; // no passwd entry for this uid: no check we could make
  }
}
