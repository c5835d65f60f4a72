const en = {
  "org.type.manufacturer": "Manufacturer",
  "org.type.research_institute": "Research institute",
  "org.type.university": "University",
  "org.type.sme_supplier": "SME supplier",
  "org.type.service_provider": "Service provider",
  "org.type.association": "Association",
  "org.type.public_body": "Public body",
  "org.size.sme": "SME",
  "org.size.large": "Large (not an SME)",
  "org.status.pending": "Waiting for approval",
  "org.status.approved": "Approved",
  "org.status.rejected": "Rejected",
  "role.cluster.admin": "Cluster administrator",
  "role.cluster.organiser": "Organiser",
  "role.cluster.member": "Member",
  "role.org.admin": "Organisation administrator",
  "role.org.member": "Member",
};

export { en };
