/**
 * The element tree the codec hands out: names as written (Russian, as in the FNS formats),
 * attributes in a map of their own, child elements in document order.
 *
 * Character data is what a conforming parser reports: line ends normalized (XML 1.0 §2.11),
 * references resolved, CDATA sections included literally. FNS formats have no mixed content,
 * so text and child elements are kept apart and their interleaving is not recorded.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

export function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name);
}

/** The first child element of that name. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((child) => child.name === name);
}
