import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One trained model version; `header` + `payload` decode to a ModelSnapshot (src/ml/model-snapshot.ts). */
@Entity('ml_models')
export class MlModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Snapshot kind, e.g. 'recommend.item-item'. */
  @Column('text')
  kind: string;

  /** Content hash of the snapshot: equal models get equal versions. */
  @Column('text')
  version: string;

  @Column('int', { name: 'format_version' })
  formatVersion: number;

  @Column('timestamptz', { name: 'trained_at' })
  trainedAt: Date;

  /** Training-data size and validation figures, for operators. */
  @Column('jsonb')
  metrics: Record<string, unknown>;

  @Column('jsonb')
  header: Record<string, unknown>;

  @Column('bytea')
  payload: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
