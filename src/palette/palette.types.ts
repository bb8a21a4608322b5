import { Field, Float, InputType, ObjectType } from 'type-graphql';
import type { WcagLevel } from './contrast';

/** The five brand colors, as uppercase `#RRGGBB` once validated. */
export interface PaletteColors {
  primary: string;
  secondary: string;
  accent: string;
  background: string;
  text: string;
}

export type PaletteColorField = keyof PaletteColors;

/** In the order they are validated and reported. */
export const PALETTE_COLOR_FIELDS: readonly PaletteColorField[] = ['primary', 'secondary', 'accent', 'background', 'text'];

@ObjectType()
export class BrandPalette implements PaletteColors {
  @Field({ description: 'Hex colors, #RRGGBB.' })
  primary: string;

  @Field()
  secondary: string;

  @Field()
  accent: string;

  @Field()
  background: string;

  @Field()
  text: string;

  @Field(() => Float, { description: 'WCAG 2.x contrast ratio of text on background.' })
  contrastRatio: number;

  @Field(() => String, { description: 'AAA, AA, or FAIL for normal-size text on background.' })
  wcagLevel: WcagLevel;
}

@InputType()
export class BrandPaletteInput implements PaletteColors {
  @Field()
  primary: string;

  @Field()
  secondary: string;

  @Field()
  accent: string;

  @Field()
  background: string;

  @Field()
  text: string;
}
