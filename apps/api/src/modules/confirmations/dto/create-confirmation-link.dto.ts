import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class CreateConfirmationLinkDto {
  @ApiPropertyOptional({
    default: false,
    description:
      "also send the link by SMS to the enterprise's contact phone (queued; needs the SMS channel)",
  })
  @IsOptional()
  @IsBoolean({ message: 'sendSms must be true or false' })
  sendSms?: boolean;
}
