import { CategoryEntity } from './category.entity';
import { UnitEntity } from './unit.entity';
import { Entity, PrimaryColumn } from 'typeorm';
import { References, UuidColumn } from './columns';

/** (category, county or city) → the bureau that takes escalations. */
@Entity({ name: 'routing_rules' })
export class RoutingRuleEntity {
  @PrimaryColumn({ name: 'category_code', type: 'text' })
  categoryCode!: string;

  @References(() => CategoryEntity, 'category_code', 'fk_routing_rules_category_code', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  category?: CategoryEntity;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @References(() => UnitEntity, 'unit_id', 'fk_routing_rules_unit_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  unit?: UnitEntity;

  @UuidColumn('bureau_id')
  bureauId!: string;

  @References(() => UnitEntity, 'bureau_id', 'fk_routing_rules_bureau_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  bureau?: UnitEntity;
}
