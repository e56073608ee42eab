/**
 * A raw Kubernetes object as read from a source, with where it came from. Manifest files,
 * the bundled demo and the live cluster all hand the model a list of these.
 */
export interface SourcedObject {
  /** The object as decoded from YAML/JSON or the API (plain data; Dates allowed in metadata). */
  object: Record<string, unknown>;
  /** File path (manifests) or source label (`demo:homelab.yaml`, `live:prod`). */
  file?: string;
  /** 1-based line where the object starts in `file`. */
  line?: number;
  /**
   * Set when the document could not be decoded (syntax error): `object` then holds only what
   * could be guessed from its text (apiVersion, kind, metadata.name/namespace), and the model
   * makes the flows such an object could decide unknown instead of evaluating it.
   */
  unreadable?: { message: string };
  /**
   * Problems found while decoding it that the decoded value no longer shows (duplicate keys:
   * the API server's strict decoding rejects the object). Set by parseManifests.
   */
  decodeErrors?: { path: string; line?: number; message: string }[];
  /** The 1-based line of the field at a JSON path (`spec.ingress[0].from`), when known (manifests). */
  locate?: (path: string) => number | undefined;
}

/** A manifest file's text, for the pure parser. */
export interface ManifestText {
  path: string;
  text: string;
}
