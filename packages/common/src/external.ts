/**
 * A module the bundles leave outside — the native onnxruntime-node, sharp and better-sqlite3, and mnist's data —
 * loaded when first needed rather than when the importing module loads. Each costs megabytes and part of a second to
 * load, which a command that never uses it (`mlops --help`, `mlops gate`) should not pay.
 *
 * The bundler would otherwise turn even a dynamic import of a bundle's external module into a static import at the top
 * of the bundle (ncc's ES-module externals), loading it at start-up after all: `webpackIgnore` keeps this a real
 * `import()`, resolved at run time from the bundle's folder exactly as a static import would be.
 */
export function importExternal<Module>(name: 'onnxruntime-node' | 'sharp' | 'better-sqlite3' | 'mnist'): Promise<Module> {
  return import(/* webpackIgnore: true */ name) as Promise<Module>;
}
