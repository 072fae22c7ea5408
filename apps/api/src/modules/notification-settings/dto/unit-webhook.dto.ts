import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';

export const WEBHOOK_KINDS = ['wecom', 'dingtalk'] as const;

/** PUT /api/units/{id}/webhook: the unit's group robot (kind null: none). */
export class UpdateUnitWebhookDto {
  @ApiProperty({
    enum: WEBHOOK_KINDS,
    nullable: true,
    description: 'wecom (企业微信) or dingtalk (钉钉); null removes the robot',
  })
  @ValidateIf((_, v) => v !== null)
  @IsIn(WEBHOOK_KINDS, { message: 'kind must be wecom, dingtalk or null' })
  kind!: 'wecom' | 'dingtalk' | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    description:
      "the robot's webhook address (https; http only to a local address); required with a kind, unless the unit " +
      'has a robot of that kind: then omitted, empty or the masked address shown by GET keeps the stored one',
  })
  @ValidateIf((o: UpdateUnitWebhookDto, v) => o.kind !== null && v !== undefined && v !== null)
  @IsString({ message: "url must be the robot's webhook address" })
  @MaxLength(1000, { message: 'url must have at most 1000 characters' })
  url?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "DingTalk's signing secret (加签, SEC…); omitted: kept; null or empty: none. Never shown back",
  })
  @ValidateIf((_, v) => v !== undefined && v !== null && v !== '')
  @IsString({ message: 'secret must be a string' })
  @MaxLength(200, { message: 'secret must have at most 200 characters' })
  secret?: string | null;
}
