/**
 * Which model answers: `--model` when given (checked against the runtime's `/v1/models`),
 * else the one Ready model, else a picker on a terminal; without a terminal, exit 9
 * naming --model. The list is also what a 404 from the chat route is explained with.
 */
import type { Context } from '../../context.js';
import { ApiError, InputRequiredError, NotFoundError } from '../../errors.js';
import type { RuntimeHttp } from '../../runtime/http.js';
import { isReady, listModels, type Model } from '../../runtime/models.js';
import { whyNotInteractive } from '../shared/confirm.js';

export interface ModelChoice {
  model: string;
  models: Model[];
}

export async function chooseModel(ctx: Context, http: RuntimeHttp, requested: string | undefined): Promise<ModelChoice> {
  const models = await listModels(http);
  if (requested !== undefined) {
    const hit = models.find((m) => m.id === requested);
    if (!hit) throw unknownModel(requested, models);
    if (!isReady(hit)) ctx.out.warn(`model "${requested}" is ${hit.status}, not Ready; asking it anyway`);
    return { model: requested, models };
  }
  const ready = models.filter(isReady);
  if (ready.length === 1) return { model: ready[0]!.id, models };
  if (ready.length === 0) {
    if (models.length === 0) {
      throw new NotFoundError('the runtime serves no models', {
        code: 'no_models',
        hint: "Add one to the app's spicepod (models: - from: openai:gpt-4o, name: assistant), then deploy it.",
      });
    }
    throw new ApiError(`no model is ready: ${models.map((m) => `${m.id} (${m.status})`).join(', ')}`, {
      code: 'no_ready_model',
      hint: 'See `spice-cloud models list`; a model in Error needs a fix in the spicepod or its secrets.',
    });
  }
  if (!ctx.canPrompt) {
    throw new InputRequiredError(`several models are ready (${ready.map((m) => m.id).join(', ')}), so one must be chosen, but ${whyNotInteractive(ctx)}`, 'Pass --model <name>.');
  }
  const model = await ctx.prompter.select(
    'Model',
    ready.map((m) => ({ name: m.id, value: m.id, description: m.owned_by ?? undefined })),
  );
  return { model, models };
}

/** Exit 3, naming what exists. */
export function unknownModel(name: string, models: Model[]): NotFoundError {
  return new NotFoundError(
    models.length === 0 ? `model "${name}" not found: the runtime serves no models` : `model "${name}" not found; the runtime serves: ${models.map((m) => m.id).join(', ')}`,
    { code: 'model_not_found', hint: 'See `spice-cloud models list`.' },
  );
}

/** The chat route's 404 for the model means it went away after the listing: name the others. */
export function explainModel404(e: unknown, model: string, models: Model[]): unknown {
  if (!(e instanceof NotFoundError) || e.code === 'model_not_found' || !/model/i.test(e.message)) return e;
  return unknownModel(model, models.filter((m) => m.id !== model));
}
