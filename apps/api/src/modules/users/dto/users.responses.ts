import { ApiProperty } from '@nestjs/swagger';
import { LoginResponse, MeResponse, ROLES, Role, UserDto } from '@taizhang/contracts';
import { NullableStringProp, NullableUuidProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';
import { Unit } from '../../units/dto/units.responses';

export class User implements UserDto {
  @UuidProp() id!: string;
  @ApiProperty({ example: 'zhang.wei' }) username!: string;
  @ApiProperty({ example: '张伟' }) displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @NullableUuidProp() unitId!: string | null;
  @NullableStringProp({ example: '13800138000' }) phone!: string | null;
  @NullableStringProp({ example: 'zhang.wei@example.gov.cn', description: 'where e-mail notifications go' })
  email!: string | null;
  @ApiProperty({ description: 'false: disabled, cannot sign in' }) active!: boolean;
  @ApiProperty({ description: 'an admin reset the password: the user must choose a new one first' })
  mustChangePassword!: boolean;
}

export const UserPage = PageOf(User, 'UserPage');

export class Me extends User implements MeResponse {
  @ApiProperty({ type: Unit, nullable: true }) unit!: Unit | null;
}

export class Login implements LoginResponse {
  @ApiProperty({ description: 'send it as `Authorization: Bearer <accessToken>`' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', minimum: 1, description: 'seconds until it expires' }) expiresIn!: number;
  @ApiProperty({ type: User }) user!: User;
}
