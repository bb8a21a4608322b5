import { Arg, Int, Query, Resolver } from 'type-graphql';
import { suggestPalettes } from './palette.service';
import { BrandPalette } from './palette.types';

/** Public: storefronts and signed-out visitors may ask for suggestions. */
@Resolver()
export class PaletteResolver {
  @Query(() => [BrandPalette], { description: 'Suggest harmonious brand palettes around a base color.' })
  suggestPalettes(@Arg('baseColor') baseColor: string, @Arg('count', () => Int, { nullable: true }) count?: number | null): BrandPalette[] {
    return suggestPalettes(baseColor, count ?? undefined);
  }
}
