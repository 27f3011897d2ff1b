/** A lesson's address. Plain module: server components and the client-side lesson list both call it. */
export function lessonHref(slug: string): string {
  return `/lessons/${slug}/`;
}
