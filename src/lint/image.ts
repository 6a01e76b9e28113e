// Image names, tags and digests: https://kubernetes.io/docs/concepts/containers/images/#image-names

/** Container image references as a pod spec writes them, for the image-pinning rules. */

export interface ImageReference {
  /** Everything before the tag and digest: `ghcr.io/acme/api`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** Splits `registry:5000/path/name:tag@sha256:…`; a colon before the last slash belongs to the registry port. */
export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { repository: tag === undefined ? name : name.slice(0, colon), tag, digest };
}

/** Images still holding a template expression (`${TAG}`, `{{ .Values.tag }}`) are someone else's to fill in. */
export function isTemplated(image: string): boolean {
  return /\$|\{\{/.test(image);
}
