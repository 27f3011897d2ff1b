/**
 * Reads a small YAML mapping (front matter, an embed block) into fields that remember where they
 * were written, so validators can report `file:line` of the offending key or list item. The YAML
 * text is usually a slice of a larger file: `firstLine` is the file line of its first line.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { ContentProblemList, describeValue } from './contentError';

/** 1-based line and column in the file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface YamlListItem {
  value: unknown;
  position: SourcePosition;
}

export interface YamlField {
  key: string;
  keyPosition: SourcePosition;
  /** The value as plain JavaScript (null when the key has no value). */
  value: unknown;
  /** Where the value starts; the key's position when the value is empty. */
  valuePosition: SourcePosition;
  /** Set when the value is a list: each item with its own position. */
  items?: YamlListItem[];
}

export interface YamlSlice {
  file: string;
  /** File line (1-based) of the slice's first line. */
  firstLine: number;
  /** What the mapping is, for messages: "front matter", "embed block". */
  what: string;
}

/**
 * Parses `text` as a YAML mapping. Syntax errors, duplicate keys and a non-mapping top level are
 * added to `problems` (then the result is undefined). An empty text is an empty mapping.
 */
export function readYamlMapping(
  text: string,
  slice: YamlSlice,
  problems: ContentProblemList,
): Map<string, YamlField> | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const toFile = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: slice.firstLine + line - 1, column: col };
  };

  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = toFile(error.pos[0]);
      // The first line of yaml's message is the useful part; the rest is a code excerpt.
      const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      problems.add(slice.file, position.line, position.column, `${slice.what} is not valid YAML: ${firstLine}`);
    }
    return undefined;
  }

  const fields = new Map<string, YamlField>();
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return fields;
  if (!isMap(contents)) {
    const position = toFile(contents.range?.[0] ?? 0);
    problems.add(
      slice.file,
      position.line,
      position.column,
      `${slice.what} must be "key: value" lines, got ${describeValue(contents.toJSON())}`,
    );
    return undefined;
  }

  for (const pair of contents.items) {
    const keyNode = pair.key as YamlNode | null;
    const keyPosition = toFile(keyNode?.range?.[0] ?? 0);
    if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      problems.add(slice.file, keyPosition.line, keyPosition.column, `${slice.what} keys must be plain names`);
      continue;
    }
    const key = String(keyNode.value);
    const valueNode = pair.value as YamlNode | null;
    const valuePosition = valueNode?.range ? toFile(valueNode.range[0]) : keyPosition;
    const field: YamlField = { key, keyPosition, value: null, valuePosition };
    if (valueNode === null || valueNode === undefined) {
      field.value = null;
    } else if (isSeq(valueNode)) {
      field.items = valueNode.items.map((item) => {
        const node = item as YamlNode | null;
        return {
          value: node === null ? null : isScalar(node) ? node.value : node.toJS(document),
          position: node?.range ? toFile(node.range[0]) : valuePosition,
        };
      });
      field.value = field.items.map((item) => item.value);
    } else if (isScalar(valueNode)) {
      field.value = valueNode.value;
    } else {
      field.value = valueNode.toJS(document);
    }
    fields.set(key, field);
  }
  return fields;
}

/** Reports every key of `fields` not in `allowed`, at the key's line. */
export function rejectUnknownKeys(
  fields: Map<string, YamlField>,
  allowed: readonly string[],
  slice: YamlSlice,
  problems: ContentProblemList,
): void {
  for (const field of fields.values()) {
    if (!allowed.includes(field.key)) {
      problems.add(
        slice.file,
        field.keyPosition.line,
        field.keyPosition.column,
        `unknown key "${field.key}" in ${slice.what} (allowed: ${allowed.join(', ')})`,
      );
    }
  }
}
