import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';

@Check('ck_units_kind', `kind IN ('city','county','town','grid','bureau')`)
@Check('ck_units_webhook_kind', `webhook_kind IN ('wecom','dingtalk')`)
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_units_code', { unique: true })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** city | county | town | grid | bureau */
  @Column({ type: 'text' })
  kind!: string;

  @Index('ix_units_parent')
  @UuidColumn('parent_id', { nullable: true })
  parentId!: string | null;

  @References(() => UnitEntity, 'parent_id', 'fk_units_parent_id', { onDelete: 'RESTRICT', nullable: true })
  parent?: UnitEntity;

  /** For a bureau: the categories it handles. */
  @Column({ name: 'category_codes', type: 'text', array: true, default: () => "'{}'" })
  categoryCodes!: string[];

  /** A disabled one is kept (old cases refer to it) but not offered for new work. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The unit's group robot for notifications: wecom (企业微信) | dingtalk (钉钉); null: none. */
  @Column({ name: 'webhook_kind', type: 'text', nullable: true })
  webhookKind!: string | null;

  /** The robot's webhook address (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… or https://oapi.dingtalk.com/robot/send?access_token=…). */
  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  /** DingTalk's signing secret (加签, SEC…), optional; never shown back. */
  @Column({ name: 'webhook_secret', type: 'text', nullable: true })
  webhookSecret!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
