/**
 * The UI Kit components the preview renders (client/renderer.tsx has one renderer for each,
 * checked by the type system). Kept apart from the renderer so tests can compare it with the
 * components src/frontend imports from @forge/react without loading Atlaskit.
 * `Root` is the reconciler's container; DynamicTable's internal ContentWrapper, Row and Cell
 * nodes are handled inside the DynamicTable renderer; text arrives as `String` nodes.
 */
export const KNOWN_COMPONENTS = [
  'Root',
  'Box',
  'Stack',
  'Inline',
  'Text',
  'Heading',
  'Link',
  'Lozenge',
  'SectionMessage',
  'Spinner',
  'Button',
  'LoadingButton',
  'ButtonGroup',
  'Form',
  'FormSection',
  'FormFooter',
  'Label',
  'ErrorMessage',
  'HelperMessage',
  'Textfield',
  'Select',
  'DynamicTable',
  'User',
] as const;

export type KnownComponent = (typeof KNOWN_COMPONENTS)[number];
