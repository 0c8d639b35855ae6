import { json, type TestContext } from '../../../helpers/context.js';

/** Expects one upsert of `name` on app 7 and records the value it carried. */
export function upsert(t: TestContext, name: string, status = 200, reply: object = { name, value: '********' }): { value?: string } {
  const sent: { value?: string } = {};
  t.api
    .intercept({
      path: '/v1/apps/7/secrets',
      method: 'POST',
      body: (b: string) => {
        const parsed = JSON.parse(b) as { name: string; value: string };
        if (parsed.name !== name) return false;
        sent.value = parsed.value;
        return true;
      },
    })
    .reply(status, reply, json);
  return sent;
}
