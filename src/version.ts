/** Replaced at build time from package.json (see scripts/build.mjs). */
declare const __SPICE_CLOUD_VERSION__: string | undefined;
export const VERSION: string = typeof __SPICE_CLOUD_VERSION__ === 'string' ? __SPICE_CLOUD_VERSION__ : '0.0.0-dev';
