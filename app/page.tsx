import { LabApp } from "@/components/lab/LabApp";

export default function Home() {
  return <LabApp />;
}
