/** The HAL + HAL-FORMS shapes the API speaks (see the README's API section). */
export interface Link {
  href: string;
  templated?: boolean;
}

export interface TemplateProperty {
  name: string;
  prompt?: string;
  required?: boolean;
  type?: string;
  multiple?: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** 1 for whole numbers. */
  step?: number;
  maxItems?: number;
  /** For files: the largest accepted size in bytes, and the accepted media types. */
  maxSize?: number;
  accept?: string;
  regex?: string;
  /** The fields of each item, when a `multiple` property's items are objects. */
  properties?: TemplateProperty[];
  value?: unknown;
  /** HAL-FORMS options: the values the property takes, plain or as {prompt, value}. */
  options?: { inline?: Array<string | { prompt?: string; value: string }>; minItems?: number; maxItems?: number };
}

export interface Template {
  title?: string;
  method: string;
  target?: string;
  contentType?: string;
  properties?: TemplateProperty[];
}

export interface HalDocument {
  _links?: Record<string, Link | Link[]>;
  _embedded?: Record<string, HalDocument | HalDocument[]>;
  _templates?: Record<string, Template>;
  [field: string]: unknown;
}

export function linkOf(doc: HalDocument, rel: string): Link | undefined {
  const link = doc._links?.[rel];
  return Array.isArray(link) ? link[0] : link;
}

/** An embedded list by name: HAL allows one item unwrapped, and none at all. */
export function embeddedList(doc: HalDocument, name: string): HalDocument[] {
  const list = doc._embedded?.[name];
  return Array.isArray(list) ? list : list ? [list] : [];
}

export function templateOf(doc: HalDocument, name: string): Template | undefined {
  return doc._templates?.[name];
}

/** The resource's own fields, without the hypermedia controls: what --json prints. */
export function fieldsOf(doc: HalDocument): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
}

/** Expands a level-1 RFC 6570 template such as /candidates/{username}. */
export function expand(link: Link, values: Record<string, string>): string {
  return link.href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
