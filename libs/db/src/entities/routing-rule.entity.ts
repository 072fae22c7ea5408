import { CategoryEntity } from './category.entity';
import { UnitEntity } from './unit.entity';
import { JoinColumn, ManyToOne, Column, Entity, PrimaryColumn } from 'typeorm';

/** (category, county or city) → the bureau that takes escalations. */
@Entity({ name: 'routing_rules' })
export class RoutingRuleEntity {
  @PrimaryColumn({ name: 'category_code', type: 'text' })
  categoryCode!: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'category_code', foreignKeyConstraintName: 'fk_routing_rules_category_code' })
  category?: CategoryEntity;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_routing_rules_unit_id' })
  unit?: UnitEntity;

  @Column({ name: 'bureau_id', type: 'uuid' })
  bureauId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'bureau_id', foreignKeyConstraintName: 'fk_routing_rules_bureau_id' })
  bureau?: UnitEntity;
}
