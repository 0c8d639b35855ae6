/**
 * The data plane's packages, all CommonJS, loaded on first use through `require`, never
 * `import()`: apache-arrow also ships an ES module build, and `import()` would load that
 * second copy beside the one the bundled code requires (arrow-cells.ts), ~8 MB and ~50 ms
 * more (docs/bench.md, round three).
 */
import { requireFrom } from '../builtins.js';

let req: NodeJS.Require | undefined;
const load = <T>(id: string): T => (req ??= requireFrom(import.meta.url))(id) as T;

export const arrow = (): typeof import('apache-arrow') => load('apache-arrow');
export const grpcJs = (): typeof import('@grpc/grpc-js') => load('@grpc/grpc-js');
export const protoLoader = (): typeof import('@grpc/proto-loader') => load('@grpc/proto-loader');
