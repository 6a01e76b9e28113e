import type { Diagnostic } from '../model/app.ts';
import type { KubeObject } from '../model/kube.ts';
import type { EnvironmentOptions } from './options.ts';

/** Where generated files go, relative to the app root. */
export interface Layout {
  /** Kustomize output folder (`deploy` by default): `<outDir>/base`, `<outDir>/overlays/<env>`. */
  outDir: string;
  /** Folder of generated Python runtime helpers copied into the image, e.g. `deploy/runtime`. */
  runtimeDir: string;
}

/** One Kustomize overlay: resources only it has (an HPA), strategic-merge patches, and a fixed replica count when no HPA owns it. */
export interface Overlay {
  env: EnvironmentOptions;
  resources: KubeObject[];
  patches: KubeObject[];
}

/** Everything `generate` writes, as data; rendering to files is `render/`'s job. */
export interface Bundle {
  /** Dockerfile text (written at the app root). */
  dockerfile: string;
  dockerignore: string;
  /** Generated Python files copied into the image (the Celery wrapper), paths relative to the app root. */
  runtimeFiles: Array<{ path: string; content: string }>;
  /** Objects of `<outDir>/base`, in apply order. */
  base: KubeObject[];
  overlays: Overlay[];
  /** `.github/workflows/<name>.yml` text, path relative to the analysed folder's repository root. */
  ciWorkflow: { path: string; content: string };
  /** What the user should know: no health endpoint, a server chosen for them, secrets to create. */
  notes: Diagnostic[];
}
