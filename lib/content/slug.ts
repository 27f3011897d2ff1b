/**
 * What a slug is: the one spelling of a lesson's or walkthrough's name in its URL. It lives apart
 * from the front matter readers so client code (a present link read in the browser) can check a
 * slug without pulling the YAML parser into its bundle.
 */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_RULE = 'lowercase words joined by single hyphens (like "what-is-attention")';
