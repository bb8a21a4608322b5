import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { courseById } from '../catalog/catalog.loaders';
import { profileByUserId } from '../identity/identity.loaders';
import type { DomainContext } from '../kernel/context';
import { CertificateEntity } from './certificate.entity';
import { certificateByCode, verifyUrlOf } from './certificate.service';
import { Certificate } from './certificate.types';

@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => Certificate, { nullable: true, description: 'Public: the certificate with this verification code, or null when there is none.' })
  async verifyCertificate(@Arg('code') code: string, @Ctx() ctx: DomainContext): Promise<CertificateEntity | null> {
    return certificateByCode(ctx.db, code.trim());
  }

  @FieldResolver(() => String, { description: 'A public page that confirms the certificate (JSON).' })
  verifyUrl(@Root() certificate: CertificateEntity, @Ctx() ctx: DomainContext): string {
    return verifyUrlOf(ctx.config, certificate.code);
  }

  @FieldResolver(() => String, { description: "The learner's display name." })
  async holderName(@Root() certificate: CertificateEntity, @Ctx() ctx: DomainContext): Promise<string> {
    return (await ctx.loaders.get(profileByUserId).load(certificate.userId))?.displayName ?? '';
  }

  @FieldResolver(() => String)
  async courseTitle(@Root() certificate: CertificateEntity, @Ctx() ctx: DomainContext): Promise<string> {
    return (await ctx.loaders.get(courseById).load(certificate.courseId))?.title ?? '';
  }
}
