import {
  Column,
  ColumnOptions,
  JoinColumn,
  ManyToOne,
  ObjectType,
  PrimaryColumn,
  RelationOptions,
} from 'typeorm';

/**
 * The column of an id pointing at another table's row (`uuid`), named as in the migrations: TypeORM's
 * `@Column({ name, type: 'uuid', ...options })`.
 */
export function UuidColumn(
  name: string,
  options: Omit<ColumnOptions, 'name' | 'type'> = {},
): PropertyDecorator {
  return Column({ name, type: 'uuid', ...options });
}

/**
 * A many-to-one relation held in the column `column` under the foreign key `fk` (names as in the migrations):
 * TypeORM's `@ManyToOne(type, options)` over `@JoinColumn({ name: column, foreignKeyConstraintName: fk })`,
 * applied in the order the two stacked decorators were.
 */
export function References<T>(
  type: () => ObjectType<T>,
  column: string,
  fk: string,
  options: RelationOptions,
): PropertyDecorator {
  const join = JoinColumn({ name: column, foreignKeyConstraintName: fk });
  const relation = ManyToOne(type, options);
  return (target, key) => {
    join(target, key);
    relation(target, key);
  };
}

/**
 * A primary key the database fills with a UUID v7 (`uuid_v7()`, time-ordered: new rows go to the right edge of
 * the index). Migration TimeOrderedIds says why, with the figure.
 */
export function TimeOrderedId(primaryKeyConstraintName?: string): PropertyDecorator {
  return PrimaryColumn({
    type: 'uuid',
    default: () => 'uuid_v7()',
    ...(primaryKeyConstraintName ? { primaryKeyConstraintName } : {}),
  });
}
