import type { ReactNode } from "react";
import type { StepProps } from "../model";
import { AnnexesStep } from "./AnnexesStep";
import { AuthorityStep } from "./AuthorityStep";
import { BasisStep } from "./BasisStep";
import { ConfidentialityStep } from "./ConfidentialityStep";
import { ContactsStep } from "./ContactsStep";
import { FactsStep } from "./FactsStep";
import { MeasuresStep } from "./MeasuresStep";
import { OffencesStep } from "./OffencesStep";
import { ProceduresStep } from "./ProceduresStep";
import { PurposeStep } from "./PurposeStep";
import { ReviewStep } from "./ReviewStep";
import { SubjectStep } from "./SubjectStep";
import { UrgencyStep } from "./UrgencyStep";

/** The form of the current step: one component per step. */
export function StepForm(p: StepProps): ReactNode {
  switch (p.step) {
    case "basis":
      return <BasisStep {...p} />;
    case "authority":
      return <AuthorityStep {...p} />;
    case "subject":
      return <SubjectStep {...p} />;
    case "facts":
      return <FactsStep {...p} />;
    case "offences":
      return <OffencesStep {...p} />;
    case "purpose":
      return <PurposeStep {...p} />;
    case "measures":
      return <MeasuresStep {...p} />;
    case "procedures":
      return <ProceduresStep {...p} />;
    case "confidentiality":
      return <ConfidentialityStep {...p} />;
    case "urgency":
      return <UrgencyStep {...p} />;
    case "contacts":
      return <ContactsStep {...p} />;
    case "annexes":
      return <AnnexesStep {...p} />;
    case "review":
      return <ReviewStep {...p} />;
  }
}
