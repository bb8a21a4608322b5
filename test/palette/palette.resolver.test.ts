import { graphql, GraphQLSchema, printType } from 'graphql';
import { buildSchema } from 'type-graphql';
import { PaletteResolver } from '../../src/palette/palette.resolver';
import { BrandPaletteInput } from '../../src/palette/palette.types';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildSchema({ resolvers: [PaletteResolver], orphanedTypes: [BrandPaletteInput], validate: false });
});

const run = (source: string) => graphql({ schema, source });

describe('the palette part of the public schema', () => {
  it('matches the contract', () => {
    expect(printType(schema.getType('BrandPalette')!)).toBe(`type BrandPalette {
  """Hex colors, #RRGGBB."""
  primary: String!
  secondary: String!
  accent: String!
  background: String!
  text: String!

  """WCAG 2.x contrast ratio of text on background."""
  contrastRatio: Float!

  """AAA, AA, or FAIL for normal-size text on background."""
  wcagLevel: String!
}`);
    expect(printType(schema.getType('BrandPaletteInput')!)).toBe(`input BrandPaletteInput {
  primary: String!
  secondary: String!
  accent: String!
  background: String!
  text: String!
}`);
    const field = schema.getQueryType()!.getFields().suggestPalettes;
    expect(field.description).toBe('Suggest harmonious brand palettes around a base color.');
    expect(String(field.type)).toBe('[BrandPalette!]!');
    // type-graphql lists @Arg parameters last-first; argument order is not part of the contract.
    const args = field.args.map((arg) => `${arg.name}: ${String(arg.type)}`).sort();
    expect(args).toEqual(['baseColor: String!', 'count: Int']);
  });
});

describe('a storefront asks for palettes without signing in', () => {
  it('gets six by default, or as many as it asks for', async () => {
    const byDefault = await run('{ suggestPalettes(baseColor: "#36f") { primary text background contrastRatio wcagLevel } }');
    expect(byDefault.errors).toBeUndefined();
    expect(byDefault.data!.suggestPalettes).toHaveLength(6);
    expect((byDefault.data!.suggestPalettes as object[])[0]).toMatchObject({ primary: '#3366FF', wcagLevel: 'AAA' });

    const three = await run('{ suggestPalettes(baseColor: "#3366FF", count: 3) { primary } }');
    expect(three.data!.suggestPalettes).toHaveLength(3);

    const explicitNull = await run('{ suggestPalettes(baseColor: "#3366FF", count: null) { primary } }');
    expect(explicitNull.data!.suggestPalettes).toHaveLength(6);
  });

  it('hears BAD_USER_INPUT naming the argument it got wrong', async () => {
    const badColor = await run('{ suggestPalettes(baseColor: "red") { primary } }');
    expect(badColor.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'baseColor' });

    const badCount = await run('{ suggestPalettes(baseColor: "#3366FF", count: 50) { primary } }');
    expect(badCount.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'count' });
    expect(badCount.errors![0].message).toContain('from 1 to 12; got 50');
  });
});
