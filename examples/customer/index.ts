// A private offer from the software company to one customer: 10% off the Standard plan and 5% off
// Premium, available from acceptance until the end of next year.
import { PrivateOffer } from "pulumi-partnercenter-private-offers";

const product = "product/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51";

// Dates in the year after the current one, so that the example runs in any year; your own program
// writes its offer's dates.
const year = new Date().getUTCFullYear() + 1;

export const offer = new PrivateOffer("contoso-fy27", {
  privateOfferType: "customerPromotion",
  name: "Contoso FY27",
  variableStartDate: true,
  end: `${year}-12-31`,
  acceptBy: `${year}-03-31`,
  preparedBy: "deals@contoso-software.example",
  notificationContacts: ["deals@contoso-software.example"],
  beneficiaries: [{ id: "6ea018a9-da9d-4eae-8610-22b51ebe260b:6ea018a9-da9d-4eae-8610-22b51ebe260b_2019-05-31", description: "Contoso Ltd" }],
  pricing: [
    { product, plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c41", discountType: "percentage", discountPercentage: 10 },
    { product, plan: "plan/2d8f4c1a-7b3e-4e5f-9a6b-0c1d2e3f4a51/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c42", discountType: "percentage", discountPercentage: 5 },
  ],
  notes: "FY27 renewal, approved by finance",
});

export const offerId = offer.offerId;
export const acceptanceLinks = offer.acceptanceLinks;
